/** Amazon Resource Names, with the AWS IoT resource kinds. */
@NullMarked
package io.github.fleetprov.core.arn;

import org.jspecify.annotations.NullMarked;
