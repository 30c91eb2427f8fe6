package dev.partsmith.autoconfigure.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import dev.partsmith.autoconfigure.endpoint.PartsmithEndpoint;

/**
 * The dashboard ({@code partsmith.dashboard.enabled}): a page served under the actuator's base path at
 * {@code partsmith-dashboard/}, on the management server when it has a port of its own, that shows the
 * {@code partsmith} endpoint's JSON and nothing else. Only with Spring MVC, and only while the endpoint is
 * exposed over the web.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty("partsmith.dashboard.enabled")
@ConditionalOnAvailableEndpoint(endpoint = PartsmithEndpoint.class, exposure = EndpointExposure.WEB)
public class PartsmithDashboardManagementContextConfiguration {

    /** The dashboard's path below the actuator's base path. */
    public static final String PATH = "partsmith-dashboard";

    /** Before Spring MVC's controllers and static resources, after the actuator endpoints. */
    private static final int ORDER = -50;

    @Bean
    @ConditionalOnMissingBean(name = "partsmithDashboardHandlerMapping")
    SimpleUrlHandlerMapping partsmithDashboardHandlerMapping(WebEndpointProperties properties) {
        String base = properties.getBasePath().endsWith("/") ? properties.getBasePath() : properties.getBasePath() + "/";
        String endpoint = properties.getPathMapping().getOrDefault("partsmith", "partsmith");
        DashboardRequestHandler handler = new DashboardRequestHandler(PATH, "../" + endpoint);
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put(base + PATH, handler);
        urls.put(base + PATH + "/", handler);
        urls.put(base + PATH + "/*", handler);
        return new SimpleUrlHandlerMapping(urls, ORDER);
    }
}
