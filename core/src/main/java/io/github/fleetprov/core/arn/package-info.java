/** Amazon Resource Names, with the AWS IoT resource kinds. */
package io.github.fleetprov.core.arn;
