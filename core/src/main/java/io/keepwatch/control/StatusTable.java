package io.keepwatch.control;

import java.util.ArrayList;
import java.util.List;

/** {@code keepwatch status} without {@code --json}: one line per instance, columns aligned. */
public final class StatusTable {

    private StatusTable() {}

    public static String render(DaemonStatus status) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"INSTANCE", "STATE", "MODE", "HOLDER", "INTERFACE", "VRID", "PRIORITY", "VIPS", "PEERS", "CONFLICTS",
                "LAST TRANSITION"});
        for (DaemonStatus.Instance i : status.instances()) {
            String priority = i.effectivePriority() == i.basePriority()
                    ? Integer.toString(i.basePriority())
                    : i.effectivePriority() + "/" + i.basePriority();
            String peers = String.join(",", i.peers().stream().map(p -> p.address() + "(" + p.priority() + ")").toList());
            // another station claiming an address: ADDRESS@MAC, and (HOST) once its own address is known
            String conflicts = String.join(",", i.conflicts().stream().map(c -> c.address() + "@" + c.foreignMac()
                    + (c.otherHost() == null ? "" : "(" + c.otherHost() + ")")).toList());
            // who holds the key in the witness (witness NAME, election NAME); "-" when free or not known
            String holder = i.witnessHolder() == null ? "-" : i.witnessHolder();
            rows.add(new String[] {i.name(), i.shownState(), i.shownMode(), holder, i.interfaceName(), Integer.toString(i.vrid()), priority,
                    String.join(",", i.vips()), peers.isEmpty() ? "-" : peers, conflicts.isEmpty() ? "-" : conflicts,
                    i.lastTransition()});
        }
        int[] width = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                out.append(c == row.length - 1 ? row[c] : pad(row[c], width[c] + 2));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
