package dev.partsmith.autoconfigure.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.util.HtmlUtils;

/**
 * Serves the dashboard's three files from the class path: {@code index.html} (for the dashboard's own path,
 * the bare one redirected to it with a trailing slash so that relative links work), {@code dashboard.js}
 * and {@code dashboard.css}. The page learns the endpoint's URL, relative to itself, from an attribute
 * written into it here. Anything else is 404; only GET and HEAD are answered.
 */
final class DashboardRequestHandler implements HttpRequestHandler {

    static final String INDEX = "index.html";

    private static final String LOCATION = "/dev/partsmith/autoconfigure/dashboard/";

    private static final Map<String, String> CONTENT_TYPES = Map.of(INDEX, "text/html;charset=UTF-8", "dashboard.js",
            "text/javascript;charset=UTF-8", "dashboard.css", "text/css;charset=UTF-8");

    private final String name;
    private final Map<String, byte[]> files;

    /**
     * @param name the last segment of the dashboard's path, for the redirect of the bare path
     * @param endpoint the URL of the {@code partsmith} endpoint relative to the dashboard's path
     */
    DashboardRequestHandler(String name, String endpoint) {
        this.name = name;
        this.files = Map.of(INDEX, read(INDEX).replace("{{endpoint}}", HtmlUtils.htmlEscape(endpoint)).getBytes(StandardCharsets.UTF_8),
                "dashboard.js", read("dashboard.js").getBytes(StandardCharsets.UTF_8), "dashboard.css",
                read("dashboard.css").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!HttpMethod.GET.matches(request.getMethod()) && !HttpMethod.HEAD.matches(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        // mapped to the dashboard's path, with and without a slash, and to the files directly below it
        String uri = request.getRequestURI();
        String file = uri.substring(uri.lastIndexOf('/') + 1);
        if (file.equals(name)) {
            response.sendRedirect(name + "/");
            return;
        }
        byte[] body = files.get(file.isEmpty() ? INDEX : file);
        if (body == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(CONTENT_TYPES.get(file.isEmpty() ? INDEX : file));
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(body.length);
        if (HttpMethod.GET.matches(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    private static String read(String file) {
        try (InputStream in = DashboardRequestHandler.class.getResourceAsStream(LOCATION + file)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + file + " is missing from the class path at " + LOCATION);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
