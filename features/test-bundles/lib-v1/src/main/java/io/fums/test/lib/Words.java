package io.fums.test.lib;

/** A trivial library class the leaf bundle imports. */
public final class Words {
    private Words() {
    }

    public static String greeting(String who) {
        return "hello " + who;
    }
}
