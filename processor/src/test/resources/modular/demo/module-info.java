module demo {
    requires dev.weft;
}
