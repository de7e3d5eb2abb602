package dev.mosaic.shared.workspace;

/** The rule every workspace name follows: what the requests' annotations say, in one place. */
public final class WorkspaceName {
    public static final int MAX_LENGTH = 100;
    public static final String MESSAGE = "must be at most 100 characters long";

    private WorkspaceName() {
    }
}
