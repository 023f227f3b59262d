package dev.weft.weaver;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.objectweb.asm.Opcodes;

/** How many monitors ({@code synchronized} blocks) are held before each instruction. */
final class MonitorCheck {
    private final int[] depth;

    MonitorCheck(ControlFlow cfg) {
        int n = cfg.insns.size();
        depth = new int[n];
        Arrays.fill(depth, -1);
        if (n == 0) {
            return;
        }
        ArrayDeque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            int op = cfg.insns.get(i).getOpcode();
            int after = depth[i] + (op == Opcodes.MONITORENTER ? 1 : op == Opcodes.MONITOREXIT ? -1 : 0);
            for (int s : cfg.successors[i]) {
                reach(work, s, after);
            }
            for (int h : cfg.handlers[i]) {
                reach(work, h, depth[i]);
            }
        }
    }

    private void reach(ArrayDeque<Integer> work, int index, int d) {
        if (d > depth[index] && d < 256) { // the bound only guards against malformed code
            depth[index] = d;
            work.add(index);
        }
    }

    /** True if a monitor may be held before instruction {@code index}. */
    boolean holdsMonitor(int index) {
        return depth[index] > 0;
    }
}
