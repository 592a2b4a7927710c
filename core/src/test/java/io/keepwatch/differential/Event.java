package io.keepwatch.differential;

import java.util.List;
import java.util.function.UnaryOperator;

/** Something that happens to the topology or to a daemon between two observations. */
sealed interface Event {

    /** How the step after this event is named in reports and in declared differences. */
    String step();

    /** The cable of {@code host}'s {@code ifName} is pulled at the switch. */
    record LinkDown(String host, String ifName) implements Event {
        @Override
        public String step() {
            return "link down " + host + " " + ifName;
        }
    }

    /** The scenario's check script starts failing on {@code host} (see {@link Scenario#CHECK_FAILED}). */
    record CheckFails(String host) implements Event {
        @Override
        public String step() {
            return "check fails " + host;
        }
    }

    /** {@code host}'s daemon is killed with SIGKILL: nothing is cleaned up. */
    record Kill(String host) implements Event {
        @Override
        public String step() {
            return "kill -9 " + host;
        }
    }

    /** Each of {@code hosts}' files is edited by {@code edit}, then their daemons get SIGHUP. */
    record Reload(List<String> hosts, String change, UnaryOperator<String> edit) implements Event {
        @Override
        public String step() {
            return "reload " + String.join(",", hosts) + " " + change;
        }
    }

    /** Every daemon still running gets SIGTERM; the step is observed after they exit. */
    record StopAll() implements Event {
        @Override
        public String step() {
            return "stop";
        }
    }
}
