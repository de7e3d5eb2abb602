package dev.mosaic.shared.auth;

/**
 * The one answer to {@code POST /api/auth/change-email} (202) for every valid request: a free address and one that
 * belongs to another account look alike, so the answer never tells who has an account. What happens next is in
 * the mails.
 */
public record ChangeEmailAccepted(String message) {
    public static final ChangeEmailAccepted CHECK_THE_NEW_ADDRESS = new ChangeEmailAccepted(
            "Check the new address's mailbox: open the link we sent there to switch. Until then your address stays "
                    + "as it is.");
}
