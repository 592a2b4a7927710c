package io.keepwatch.linux;

import java.util.List;

/**
 * A classic BPF program (struct sock_filter[]) for SO_ATTACH_FILTER: the kernel runs it on every
 * frame before the frame is queued to the socket, so what it rejects never wakes a reader.
 *
 * @param instructions the program, at most {@link #MAX_INSTRUCTIONS} (BPF_MAXINSNS)
 */
public record SocketFilter(List<Instruction> instructions) {

    /** The kernel's limit on a classic program's length (BPF_MAXINSNS). */
    public static final int MAX_INSTRUCTIONS = 4096;

    /** One struct sock_filter: opcode, jump offsets when true and false, constant. */
    public record Instruction(int code, int jt, int jf, int k) {
        public Instruction {
            if (code < 0 || code > 0xFFFF || jt < 0 || jt > 0xFF || jf < 0 || jf > 0xFF) {
                throw new IllegalArgumentException("not a classic BPF instruction: code " + code + ", jt " + jt
                        + ", jf " + jf);
            }
        }
    }

    public SocketFilter {
        instructions = List.copyOf(instructions);
        if (instructions.isEmpty() || instructions.size() > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("a classic BPF program has 1 to " + MAX_INSTRUCTIONS
                    + " instructions, got " + instructions.size());
        }
    }
}
