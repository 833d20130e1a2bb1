package dev.gatehouse.devmail;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads a received mail as a person would: the text of one of its parts (plain text or HTML), also inside the
 * nested multipart/alternative that carries both. Shared by the demo's inbox page and the tests that read mail.
 */
public final class MailParts {

    private MailParts() {
    }

    /** The decoded content of the first part of this MIME type, if any (a single-part mail of that type counts). */
    public static Optional<String> part(Message message, String type) throws MessagingException, IOException {
        Object content = message.getContent();
        if (!(content instanceof Multipart multipart)) {
            return message.isMimeType(type) ? Optional.of(String.valueOf(content)) : Optional.empty();
        }
        return part(multipart, type);
    }

    private static Optional<String> part(Multipart multipart, String type) throws MessagingException, IOException {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                Optional<String> found = part(nested, type);
                if (found.isPresent()) {
                    return found;
                }
            } else if (part.isMimeType(type)) {
                return Optional.of((String) part.getContent());
            }
        }
        return Optional.empty();
    }
}
