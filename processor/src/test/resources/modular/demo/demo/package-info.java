/** The package of the modular demo; its package-info is compiled too. */
package demo;
