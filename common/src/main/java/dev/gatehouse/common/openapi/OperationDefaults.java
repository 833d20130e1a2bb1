package dev.gatehouse.common.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

import java.util.List;

/**
 * Used at build time by SmallRye OpenAPI's Maven plugin (the parent pom's {@code filter}), never at run time: gives
 * each operation what Quarkus' extension gave it when it wrote the document at start-up. The plugin names each
 * operation {@code Class_method} (its {@code CLASS_METHOD} strategy); from that name an operation without its own
 * gets a tag (the class's words: "Token Resource") and a summary (the method's: "Admin Page"). Every operation that
 * takes a parameter or a body may answer 400 with a problem (design.md §7), so its document says so.
 */
public class OperationDefaults implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        String id = operation.getOperationId();
        int split = id == null ? -1 : id.indexOf('_');
        if (split > 0) {
            if (operation.getTags() == null || operation.getTags().isEmpty()) {
                operation.setTags(List.of(words(id.substring(0, split))));
            }
            if (operation.getSummary() == null) {
                operation.setSummary(words(id.substring(split + 1)));
            }
        }
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (takesInput && operation.getResponses() != null && !operation.getResponses().hasAPIResponse("400")) {
            operation.getResponses().addAPIResponse("400", OASFactory.createAPIResponse().description("Bad Request"));
        }
        return operation;
    }

    /** "TokenResource" and "adminPage" as "Token Resource" and "Admin Page". */
    static String words(String camelCase) {
        StringBuilder words = new StringBuilder(camelCase.length() + 4);
        for (int i = 0; i < camelCase.length(); i++) {
            char c = camelCase.charAt(i);
            if (i == 0) {
                words.append(Character.toUpperCase(c));
            } else {
                if (Character.isUpperCase(c) && !Character.isUpperCase(camelCase.charAt(i - 1))) {
                    words.append(' ');
                }
                words.append(c);
            }
        }
        return words.toString();
    }
}
