package io.executions.reliability;

/**
 * How long the reliability tests run. The suite runs the short version (the whole package in well under
 * three minutes on two cores); {@code -Dexecutions.reliability.long=true} runs the long version with
 * more iterations, for a release or a night.
 */
final class Runs {
    static final boolean LONG = Boolean.getBoolean("executions.reliability.long");

    private Runs() {
    }

    /** {@code suite} in the normal test run, {@code longRun} when the long version was asked for. */
    static int pick(int suite, int longRun) {
        return LONG ? longRun : suite;
    }

    /** One line of figures on stdout, prefixed so that it is easy to grep from the build log. */
    static void report(String test, String figures) {
        System.out.println("[reliability] " + test + (LONG ? " (long)" : "") + ": " + figures);
    }
}
