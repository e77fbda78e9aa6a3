/**
 * Small helpers the samples share: the command line, the progress display, percentiles, and the
 * target a sample runs against (the in-process {@code LocalIotCore} or a real AWS account).
 */
@NullMarked
package io.github.fleetprov.samples.support;

import org.jspecify.annotations.NullMarked;
