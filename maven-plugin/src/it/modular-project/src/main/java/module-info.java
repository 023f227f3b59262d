/** A named module that uses weft: the runtime jar is the automatic module dev.weft. */
module demo.mod {
    requires dev.weft;
}
