package io.github.autologout.autoconfigure;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.actuate.AutoLogoutMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the Micrometer counters of the sessions autologout ends, by reason.
 */
@AutoConfiguration(after = AutoLogoutAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, AutoLogoutEvent.class })
@ConditionalOnBooleanProperty(name = "autologout.enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
public final class AutoLogoutMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AutoLogoutMetrics autoLogoutMetrics(MeterRegistry meterRegistry) {
		return new AutoLogoutMetrics(meterRegistry);
	}

}
