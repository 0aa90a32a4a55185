package io.molt.service.cli.screen;

import java.io.PrintWriter;
import java.util.List;

/**
 * A block of lines redrawn in place on an ANSI terminal (cursor up, clear line), with messages printed
 * above it that stay in the scroll-back. Shared by the demo's view and {@code molt campaign watch}.
 */
public final class LiveScreen {

    private final PrintWriter out;
    private int drawn;

    public LiveScreen(PrintWriter out) {
        this.out = out;
    }

    /** Replaces the lines drawn last time by {@code lines}. */
    public void redraw(List<String> lines) {
        clear();
        lines.forEach(line -> out.print(line + "\n"));
        drawn = lines.size();
        out.flush();
    }

    /** A line printed above the live view. */
    public void message(String text) {
        clear();
        out.println(text);
        out.flush();
    }

    /** Leaves the last view on screen; later output starts below it. */
    public void finish() {
        drawn = 0;
        out.flush();
    }

    private void clear() {
        if (drawn > 0) {
            out.print("\033[" + drawn + "F");
            for (int i = 0; i < drawn; i++) {
                out.print("\033[2K\n");
            }
            out.print("\033[" + drawn + "F");
        }
        drawn = 0;
    }

    /** A campaign state in bold and the colour of its kind (green going well, yellow held, red ended badly). */
    public static String colour(String state) {
        String code = switch (state) {
            case "DONE", "RUNNING" -> "32";
            case "PAUSED", "ABORTING" -> "33";
            case "FAILED", "ABORTED" -> "31";
            default -> "0";
        };
        return "\033[1;" + code + "m" + state + "\033[0m";
    }
}
