package org.carecall.hub.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an edit changed, field by field, as an audit row says it: {@code phone: '123' → '456'}. Fields
 * that hold health text (notes, medicines) are named as changed without their text, so the audit log,
 * which administrators read, never repeats a resident's health.
 */
public final class Changes {
    private final String subject;
    private final List<String> changed = new ArrayList<>();

    private Changes(String subject) {
        this.subject = subject;
    }

    /** An edit of one thing, named as the row will begin: {@code file of 'Wang Fang' (r-1)}. */
    public static Changes of(String subject) {
        return new Changes(subject);
    }

    /** A field shown with its value before and after, if it changed. */
    public Changes field(String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(name + ": " + shown(before) + " → " + shown(after));
        }
        return this;
    }

    /** A field named as changed, without its text, if it changed. */
    public Changes withheld(String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(name + " changed");
        }
        return this;
    }

    public boolean any() {
        return !changed.isEmpty();
    }

    @Override
    public String toString() {
        return subject + ": " + (changed.isEmpty() ? "nothing changed" : String.join("; ", changed));
    }

    private static String shown(Object value) {
        return value == null || "".equals(value) ? "(none)" : "'" + value + "'";
    }
}
