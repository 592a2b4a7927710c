package io.keepwatch.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What an observer sees after one step, each part as sorted lines so that two observations compare
 * line by line.
 *
 * @param addresses one line per address a daemon added: {@code host device address/prefix [label L]}
 * @param routing   one line per route and rule a daemon added, as {@code ip route show table all} and
 *                  {@code ip rule show} print them: {@code host -4 route ...}, {@code host -6 rule ...}
 * @param states    one line per instance: {@code host instance STATE}, from the daemon's log
 *                  ({@code not running} once the daemon has exited)
 * @param adverts   the adverts each sender is sending now (the last one heard from it), and every
 *                  priority-0 advert sent since the step's event
 * @param settled   whether the step stopped changing before its deadline
 */
record Observation(String step, SortedSet<String> addresses, SortedSet<String> routing, SortedSet<String> states,
        SortedSet<String> adverts, boolean settled) {

    SortedSet<String> lines(Scenario.Aspect aspect) {
        return switch (aspect) {
            case ADDRESSES -> addresses;
            case ROUTING -> routing;
            case STATES -> states;
            case ADVERTS -> adverts;
            case CONFIG_CHECK -> new TreeSet<>();
        };
    }

    /** The lines of {@code aspect} only one side has, {@code -} keepalived's and {@code +} keepwatch's. */
    static List<String> diff(SortedSet<String> keepalived, SortedSet<String> keepwatch) {
        List<String> out = new ArrayList<>();
        keepalived.stream().filter(l -> !keepwatch.contains(l)).forEach(l -> out.add("- " + l));
        keepwatch.stream().filter(l -> !keepalived.contains(l)).forEach(l -> out.add("+ " + l));
        return out;
    }

    /** The steady part, for deciding whether a step still changes. */
    boolean sameAs(Observation other) {
        return other != null && addresses.equals(other.addresses) && routing.equals(other.routing)
                && states.equals(other.states) && adverts.equals(other.adverts);
    }
}
