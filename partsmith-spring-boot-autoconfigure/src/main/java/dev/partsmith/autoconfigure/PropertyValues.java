package dev.partsmith.autoconfigure;

import java.util.Locale;

/**
 * How partsmith shows the value of an enum property wherever a user sees it (the endpoint, the CLI,
 * start-up failure reports): as it is written in the properties, in lower case with words joined by
 * {@code -} ({@code month}, {@code advisory}).
 */
public final class PropertyValues {

    private PropertyValues() {
    }

    /** {@code value} as written in the properties. */
    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
