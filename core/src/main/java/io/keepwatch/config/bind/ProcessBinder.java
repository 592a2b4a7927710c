package io.keepwatch.config.bind;

import io.keepwatch.config.model.ProcessSettings;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Binds keepalived's process and scheduling keywords of {@code global_defs} to {@link ProcessSettings},
 * with keepalived's ranges and its way with a value out of range (clamped, with a warning).
 */
final class ProcessBinder {

    /** The keywords this binder reads. */
    static final Set<String> KEYWORDS = Set.of("vrrp_rt_priority", "vrrp_priority", "vrrp_no_swap",
            "vrrp_cpu_affinity", "vrrp_rlimit_rttime", "vrrp_rlimit_rtime", "max_auto_priority",
            "min_auto_priority_delay", "umask", "process_names", "process_name", "vrrp_process_name");

    private static final String[] UMASK_BITS = {"IXOTH", "IWOTH", "IROTH", "IXGRP", "IWGRP", "IRGRP",
            "IXUSR", "IWUSR", "IRUSR"};

    private final Values values;
    private OptionalInt rtPriority = OptionalInt.empty();
    private OptionalInt nice = OptionalInt.empty();
    private SourcePosition nicePosition;
    private boolean noSwap;
    private List<Integer> cpuAffinity = List.of();
    private long rlimitRttime = ProcessSettings.DEFAULT_RLIMIT_RTTIME;
    private int maxAutoPriority;
    private Duration minAutoPriorityDelay = ProcessSettings.DEFAULTS.minAutoPriorityDelay();
    private OptionalInt umask = OptionalInt.empty();
    private Optional<String> processName = Optional.empty();
    private Optional<String> vrrpProcessName = Optional.empty();

    ProcessBinder(Values values) {
        this.values = values;
    }

    void bind(ConfigNode n) {
        switch (n.keyword()) {
            case "vrrp_rt_priority" -> clamped(n, 1, ProcessSettings.MAX_RT_PRIORITY)
                    .ifPresent(p -> rtPriority = OptionalInt.of(p));
            case "vrrp_priority" -> values.integer(n, -20, 19).ifPresent(p -> {
                nice = OptionalInt.of(p);
                nicePosition = n.position();
            });
            case "vrrp_no_swap" -> values.flag(n).ifPresent(b -> noSwap = b);
            case "vrrp_cpu_affinity" -> cpus(n).ifPresent(c -> cpuAffinity = c);
            case "vrrp_rlimit_rttime", "vrrp_rlimit_rtime" -> rttime(n);
            case "max_auto_priority" -> {
                if (n.arguments().isEmpty()) {
                    maxAutoPriority = ProcessSettings.MAX_RT_PRIORITY;
                } else {
                    // -1 is keepalived's explicit "never raise", the same as the default 0
                    values.integer(n, -1, ProcessSettings.MAX_RT_PRIORITY).ifPresent(p -> maxAutoPriority = Math.max(p, 0));
                }
            }
            case "min_auto_priority_delay" -> values.integer(n, 1, 10_000_000)
                    .ifPresent(us -> minAutoPriorityDelay = Duration.ofNanos(us * 1000L));
            case "umask" -> umask(n).ifPresent(m -> umask = OptionalInt.of(m));
            case "process_name" -> name(n).ifPresent(name -> processName = Optional.of(name));
            case "vrrp_process_name" -> name(n).ifPresent(name -> vrrpProcessName = Optional.of(name));
            case "process_names" -> vrrpProcessName = Optional.of("keepalived_vrrp");
            default -> throw new IllegalArgumentException("not a process keyword: " + n.keyword());
        }
    }

    /** keepalived reports a realtime priority out of range and uses the nearest one. */
    private OptionalInt clamped(ConfigNode n, int min, int max) {
        OptionalInt value = values.integer(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (value.isEmpty()) {
            return value;
        }
        int v = value.getAsInt();
        int c = Math.clamp(v, min, max);
        if (c != v) {
            values.diagnostics().warning(n.position(), n.keyword() + " " + v + " is out of range " + min + ".." + max
                    + "; " + c + " is used");
        }
        return OptionalInt.of(c);
    }

    private Optional<List<Integer>> cpus(ConfigNode n) {
        if (n.arguments().isEmpty()) {
            values.diagnostics().error(n.position(), "vrrp_cpu_affinity needs CPU numbers");
            return Optional.empty();
        }
        List<Integer> cpus = new ArrayList<>();
        for (String word : n.arguments()) {
            OptionalInt cpu = values.integer(n, word, 0, 4095);
            if (cpu.isEmpty()) {
                return Optional.empty();
            }
            cpus.add(cpu.getAsInt());
        }
        return Optional.of(cpus);
    }

    private void rttime(ConfigNode n) {
        if (n.keyword().equals("vrrp_rlimit_rtime")) {
            values.diagnostics().warning(n.position(), "vrrp_rlimit_rtime is deprecated; use vrrp_rlimit_rttime");
        }
        Optional<String> word = values.word(n);
        if (word.isEmpty()) {
            return;
        }
        try {
            long limit = Long.parseLong(word.get());
            if (limit >= 1 && limit <= 0xFFFF_FFFFL) {
                // the soft limit is half of it and must not be 0
                rlimitRttime = Math.max(limit, 2);
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        values.diagnostics().error(n.position(), n.keyword() + " '" + word.get()
                + "' is not a number of microseconds in 1..4294967295");
    }

    /** {@code umask 0177} (C notation: octal with a leading 0, hex with 0x), or {@code umask IWGRP | IRWXO ...}. */
    private OptionalInt umask(ConfigNode n) {
        List<String> args = n.arguments();
        if (args.isEmpty()) {
            values.diagnostics().error(n.position(), "umask needs a mask");
            return OptionalInt.empty();
        }
        if (Character.isDigit(args.getFirst().charAt(0))) {
            if (args.size() > 1) {
                values.diagnostics().error(n.position(), "umask takes one number, got " + args.size() + " words");
                return OptionalInt.empty();
            }
            OptionalInt mask = cNumber(args.getFirst());
            if (mask.isEmpty() || (mask.getAsInt() & ~0777) != 0) {
                values.diagnostics().error(n.position(), "umask '" + args.getFirst() + "' is not a mask in 0..0777");
                return OptionalInt.empty();
            }
            return mask;
        }
        int mask = 0;
        boolean needBar = false;
        List<String> tokens = new ArrayList<>();
        for (String arg : args) {
            tokens.addAll(List.of(arg.split("(?<=\\|)|(?=\\|)")));
        }
        for (String bit : tokens) {
            if (bit.equals("|") == !needBar) {
                values.diagnostics().error(n.position(), "umask '" + String.join(" ", args)
                        + "' is not bit names joined by |");
                return OptionalInt.empty();
            }
            needBar = !needBar;
            if (!bit.equals("|")) {
                OptionalInt value = umaskBits(bit);
                if (value.isEmpty()) {
                    values.diagnostics().error(n.position(), "umask: unknown bit '" + bit
                            + "' (IRUSR, IWUSR, IXUSR, IRGRP, IWGRP, IXGRP, IROTH, IWOTH, IXOTH)");
                    return OptionalInt.empty();
                }
                mask |= value.getAsInt();
            }
        }
        if (!needBar) {
            values.diagnostics().error(n.position(), "umask '" + String.join(" ", args) + "' ends with |");
            return OptionalInt.empty();
        }
        return OptionalInt.of(mask);
    }

    private static OptionalInt umaskBits(String name) {
        for (int i = 0; i < UMASK_BITS.length; i++) {
            if (UMASK_BITS[i].equals(name)) {
                return OptionalInt.of(1 << i);
            }
        }
        return OptionalInt.empty();
    }

    /** strtol with base 0: 0x.. hexadecimal, 0.. octal, else decimal. */
    private static OptionalInt cNumber(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return OptionalInt.of(Integer.parseInt(text.substring(2), 16));
            }
            return OptionalInt.of(text.length() > 1 && text.startsWith("0")
                    ? Integer.parseInt(text.substring(1), 8) : Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** keepalived truncates a name longer than the kernel keeps, with a message. */
    private Optional<String> name(ConfigNode n) {
        return values.word(n).map(name -> {
            if (name.length() > ProcessSettings.MAX_NAME_LENGTH) {
                String cut = name.substring(0, ProcessSettings.MAX_NAME_LENGTH);
                values.diagnostics().warning(n.position(), n.keyword() + " '" + name + "' is longer than "
                        + ProcessSettings.MAX_NAME_LENGTH + " characters; '" + cut + "' is used");
                return cut;
            }
            return name;
        });
    }

    ProcessSettings build() {
        if (rtPriority.isPresent() && nicePosition != null) {
            values.diagnostics().warning(nicePosition, "vrrp_priority is not applied with vrrp_rt_priority"
                    + " (as in keepalived): the VRRP threads run at the realtime priority");
            nice = OptionalInt.empty(); // not in effect, so not in the model (nor in check-config --dump)
        }
        return new ProcessSettings(rtPriority, nice, noSwap, cpuAffinity, rlimitRttime, maxAutoPriority,
                minAutoPriorityDelay, umask, processName, vrrpProcessName);
    }
}
