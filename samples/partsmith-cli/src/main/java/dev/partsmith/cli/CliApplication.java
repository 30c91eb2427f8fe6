package dev.partsmith.cli;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The Spring Boot application behind the CLI: the starter's auto-configuration, nothing of its own. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class CliApplication {
}
