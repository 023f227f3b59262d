package dev.weft.weaver;

/**
 * Looks for a string in a class file's constant pool without parsing the class: the agent's pre-filter,
 * cheap enough to run on every class the JVM loads.
 */
final class ConstantPoolScan {
    private ConstantPoolScan() {}

    /**
     * True if the constant pool of {@code classFile} holds a UTF-8 entry equal to {@code first} or to
     * {@code second} (null: none), given as modified-UTF-8 bytes. One pass, no allocation: at start-up the
     * agent runs this on every class the JVM loads, before the JIT has compiled it.
     */
    static boolean containsAnyUtf8(byte[] classFile, byte[] first, byte[] second) {
        if (classFile.length < 10) {
            return false;
        }
        int count = readU2(classFile, 8);
        int offset = 10;
        try {
            for (int i = 1; i < count; i++) {
                int tag = classFile[offset] & 0xFF;
                switch (tag) {
                    case 1: { // Utf8
                        int length = readU2(classFile, offset + 1);
                        if (length == first.length && regionEquals(classFile, offset + 3, first)
                                || second != null && length == second.length
                                && regionEquals(classFile, offset + 3, second)) {
                            return true;
                        }
                        offset += 3 + length;
                        break;
                    }
                    case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                        offset += 3;
                        break;
                    case 15: // MethodHandle
                        offset += 4;
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        offset += 5;
                        break;
                    case 5: case 6: // Long, Double take two entries
                        offset += 9;
                        i++;
                        break;
                    default:
                        return false; // not a class file we understand: let the real parser decide
                }
            }
        } catch (ArrayIndexOutOfBoundsException truncated) {
            return false;
        }
        return false;
    }

    private static int readU2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static boolean regionEquals(byte[] b, int at, byte[] wanted) {
        for (int i = 0; i < wanted.length; i++) {
            if (b[at + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }
}
