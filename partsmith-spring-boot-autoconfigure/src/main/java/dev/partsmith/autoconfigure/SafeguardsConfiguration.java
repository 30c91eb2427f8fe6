package dev.partsmith.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.postgres.PostgresServerProbe;
import dev.partsmith.safety.MaintenancePauses;
import dev.partsmith.safety.Safeguards;
import dev.partsmith.safety.ServerProbe;
import dev.partsmith.safety.TableLimits;

/**
 * The safeguards of maintenance: the kill switches, the replication-lag breaker
 * ({@code partsmith.safety.check-replication-lag}, {@code max-replication-lag}) and the storage quota
 * ({@code partsmith.safety.max-database-size}, {@code partsmith.tables.<key>.max-partitions}), reading
 * the server of the application's DataSource.
 */
@Configuration(proxyBeanMethods = false)
class SafeguardsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MaintenancePauses partsmithMaintenancePauses(@Qualifier(PartsmithAutoConfiguration.CLOCK_BEAN_NAME) ObjectProvider<Clock> clock) {
        return new MaintenancePauses(clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnMissingBean(ServerProbe.class)
    PostgresServerProbe partsmithServerProbe(DataSource dataSource) {
        return new PostgresServerProbe(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    Safeguards partsmithSafeguards(ServerProbe probe, MaintenancePauses pauses, PartsmithProperties properties, PartsmithTables tables) {
        Map<QualifiedName, TableLimits> limits = new LinkedHashMap<>();
        tables.all().forEach(table -> limits.put(table.config().qualifiedName(), table.limits()));
        return new Safeguards(probe, PartsmithSafety.limits(properties), limits, pauses);
    }
}
