/**
 * fleetprov core: the exception root shared by every module.
 *
 * <p>Everything in this package and its sub-packages is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.core;

import org.jspecify.annotations.NullMarked;
