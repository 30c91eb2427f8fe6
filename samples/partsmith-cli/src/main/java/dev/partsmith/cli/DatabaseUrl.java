package dev.partsmith.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --db-url} as Spring Boot's DataSource properties. A JDBC URL is taken as it is; a PostgreSQL URL
 * ({@code postgresql://user:password@host:5432/db?sslmode=require}, as libpq and many secret stores write
 * it) becomes a JDBC URL with its user and password taken out.
 */
final class DatabaseUrl {

    private DatabaseUrl() {
    }

    /**
     * The {@code spring.datasource.*} properties {@code url} stands for.
     *
     * @throws CliUsageException when it is neither a JDBC nor a PostgreSQL URL
     */
    static Map<String, String> properties(String url) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (url.startsWith("jdbc:")) {
            properties.put("spring.datasource.url", url);
            return properties;
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw invalid(url, null);
        }
        URI uri;
        try {
            uri = new URI(url);
        }
        catch (URISyntaxException ex) {
            throw invalid(url, ex);
        }
        if (uri.getHost() == null) {
            throw invalid(url, null);
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        properties.put("spring.datasource.url", jdbc);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            properties.put("spring.datasource.username", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                properties.put("spring.datasource.password", decode(userInfo.substring(colon + 1)));
            }
        }
        return properties;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static CliUsageException invalid(String url, Exception cause) {
        return new CliUsageException("--db-url must be a JDBC URL (jdbc:postgresql://host:5432/db) or a PostgreSQL URL"
                + " (postgresql://user:password@host:5432/db), not '" + redact(url) + "'", cause);
    }

    /** The URL without what could be a password. */
    private static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }
}
