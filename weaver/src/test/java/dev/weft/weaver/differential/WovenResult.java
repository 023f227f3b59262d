package dev.weft.weaver.differential;

import java.util.List;

/** What became of one program on the woven Java side: its transcript, or the problem that kept it from running. */
record WovenResult(List<String> transcript, String problem) {}
