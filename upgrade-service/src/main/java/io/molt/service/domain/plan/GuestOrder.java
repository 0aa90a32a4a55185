package io.molt.service.domain.plan;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which a host's agent takes the guests that stay down and brings them back (the same order
 * both times, {@link GuestLanes}), chosen so that the worst guest's downtime, as a share of its limit, is
 * least.
 * <p>
 * A guest is down from the start of its take-down to the end of its return: with one lane the first guest
 * waits for every later take-down, the last for every earlier return, so where the guests' work differs (a
 * managed save of 64 GiB next to preservations of 0.6 s, a cold restart's 10 s shutdown and 30 s boot) the
 * order decides who waits longest. The candidates are the plan's uuid order, longest own work first and
 * shortest first (take-down plus return), longest return first and longest take-down first, and the
 * tightest limit first, the least slack (limit less own downtime) first; each is scheduled on the host's
 * lanes as the agent works, and the one with the fewest guests over their limit wins, then the least worst
 * share of its limit (among the guests whose own downtime fits it), then the least total downtime, then the
 * earlier candidate (uuid order first, so that a host whose guests all do the same work keeps it). Guests whose work is all the same are not reordered at all: every order gives them the same
 * waits.
 */
final class GuestOrder {

    /** The staying guests' figures, in uuid order. */
    record Guests(double[] takeDown, double[] bringBack, double[] ownDowntime, double[] limitSeconds,
            Action[] actions) {

        int size() {
            return takeDown.length;
        }
    }

    /** The chosen order (indices into the guests) and each guest's wait for the others in it. */
    record Chosen(int[] order, double[] waitSeconds) {
    }

    private GuestOrder() {
    }

    /**
     * The best of the candidate orders on {@code atOnce} lanes; ties keep the uuid order. The guests' limits are
     * read only when they do not all do the same work ({@link #allAlike}).
     */
    static Chosen choose(int atOnce, Guests guests) {
        int n = guests.size();
        Integer[] identity = new Integer[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        Chosen best = evaluate(atOnce, guests, identity);
        if (n < 2 || allAlike(guests)) {
            return best;
        }
        double[] bestScore = score(guests, best);
        java.util.List<Integer[]> tried = new java.util.ArrayList<>();
        tried.add(identity);
        for (Comparator<Integer> candidate : candidates(guests)) {
            Integer[] order = identity.clone();
            Arrays.sort(order, candidate.thenComparingInt(i -> i));
            if (tried.stream().anyMatch(seen -> Arrays.equals(seen, order))) {
                continue; // e.g. the tightest limit first where every guest has the same limit: uuid order again
            }
            tried.add(order);
            Chosen chosen = evaluate(atOnce, guests, order);
            double[] score = score(guests, chosen);
            if (better(score, bestScore)) {
                best = chosen;
                bestScore = score;
            }
        }
        return best;
    }

    /** Lexicographically less, beyond rounding. */
    private static boolean better(double[] score, double[] than) {
        for (int i = 0; i < score.length; i++) {
            if (score[i] < than[i] - 1e-9) {
                return true;
            }
            if (score[i] > than[i] + 1e-9) {
                return false;
            }
        }
        return false;
    }

    private static List<Comparator<Integer>> candidates(Guests g) {
        return List.of(
                Comparator.<Integer>comparingDouble(i -> -(g.takeDown[i] + g.bringBack[i])),
                Comparator.<Integer>comparingDouble(i -> g.takeDown[i] + g.bringBack[i]),
                Comparator.<Integer>comparingDouble(i -> -g.bringBack[i]),
                Comparator.<Integer>comparingDouble(i -> -g.takeDown[i]),
                Comparator.<Integer>comparingDouble(i -> g.limitSeconds[i]),
                Comparator.<Integer>comparingDouble(i -> g.limitSeconds[i] - g.ownDowntime[i]));
    }

    /** Each guest's wait in this order: the take-downs still running after its own, then its turn to return. */
    private static Chosen evaluate(int atOnce, Guests g, Integer[] order) {
        int n = order.length;
        double[] takeDown = new double[n];
        double[] bringBack = new double[n];
        Action[] actions = new Action[n];
        for (int k = 0; k < n; k++) {
            takeDown[k] = g.takeDown[order[k]];
            bringBack[k] = g.bringBack[order[k]];
            actions[k] = g.actions[order[k]];
        }
        GuestLanes.Schedule down = GuestLanes.schedule(atOnce, takeDown, actions);
        GuestLanes.Schedule back = GuestLanes.schedule(atOnce, bringBack, actions);
        int[] chosen = new int[n];
        double[] waits = new double[n];
        for (int k = 0; k < n; k++) {
            chosen[k] = order[k];
            double wait = down.lengthSeconds() - down.ends()[k] + back.starts()[k];
            waits[order[k]] = wait < 1e-9 ? 0 : wait;
        }
        return new Chosen(chosen, waits);
    }

    /**
     * How many guests end over their limit, then the worst share of its limit among the guests whose own
     * downtime fits it (one over its limit by itself, a GPU guest's 47.6 s cold restart against the 30 s
     * default, would hide every other), then the total downtime.
     */
    private static double[] score(Guests g, Chosen chosen) {
        double over = 0;
        double worst = 0;
        double total = 0;
        for (int i = 0; i < g.size(); i++) {
            double downtime = g.ownDowntime[i] + chosen.waitSeconds()[i];
            if (downtime > g.limitSeconds[i] + 1e-9) {
                over++;
            }
            if (g.ownDowntime[i] <= g.limitSeconds[i]) {
                worst = Math.max(worst, downtime / g.limitSeconds[i]);
            }
            total += downtime;
        }
        return new double[] {over, worst, total};
    }

    /** Whether every guest does the same work: then every order gives each the same wait. */
    static boolean allAlike(Guests g) {
        for (int i = 1; i < g.size(); i++) {
            if (g.takeDown[i] != g.takeDown[0] || g.bringBack[i] != g.bringBack[0] || g.actions[i] != g.actions[0]) {
                return false;
            }
        }
        return true;
    }
}
