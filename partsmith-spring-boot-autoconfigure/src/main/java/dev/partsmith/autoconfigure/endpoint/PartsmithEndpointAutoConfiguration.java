package dev.partsmith.autoconfigure.endpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.MaintenanceScheduler;
import dev.partsmith.autoconfigure.PartsmithAutoConfiguration;
import dev.partsmith.autoconfigure.TableDefinitions;
import dev.partsmith.lifecycle.PartitionMaintainer;

/** The {@code partsmith} actuator endpoint, when Actuator is present and the endpoint is exposed. */
@AutoConfiguration(after = PartsmithAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnAvailableEndpoint(PartsmithEndpoint.class)
public class PartsmithEndpointAutoConfiguration {

    @Bean
    @ConditionalOnBean(MaintenanceRunner.class)
    @ConditionalOnMissingBean
    PartsmithEndpoint partsmithEndpoint(MaintenanceRunner runner, PartitionMaintainer maintainer, ObjectProvider<MaintenanceScheduler> scheduler,
            TableDefinitions definitions, ObjectProvider<EndpointAccessResolver> access) {
        boolean writable = access.getIfAvailable(() -> (id, defaultAccess) -> defaultAccess)
                .accessFor(EndpointId.of("partsmith"), Access.READ_ONLY) == Access.UNRESTRICTED;
        return new PartsmithEndpoint(runner, maintainer, scheduler, definitions, writable);
    }
}
