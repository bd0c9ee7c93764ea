package io.executions.domain.command;

import io.executions.domain.api.ErrorCode;
import io.executions.domain.api.Rejection;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a {@link Rejection} by its gRPC code and message key. */
final class RejectionMatcher extends TypeSafeMatcher<Rejection> {
    private final ErrorCode code;
    private final String key;

    private RejectionMatcher(ErrorCode code, String key) {
        this.code = code;
        this.key = key;
    }

    static Matcher<Rejection> rejected(ErrorCode code, String key) {
        return new RejectionMatcher(code, key);
    }

    @Override
    protected boolean matchesSafely(Rejection rejection) {
        return rejection.code() == code && rejection.messageKey().equals(key);
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a rejection " + code + " " + key);
    }

    @Override
    protected void describeMismatchSafely(Rejection item, Description mismatch) {
        mismatch.appendText("was " + item);
    }
}
