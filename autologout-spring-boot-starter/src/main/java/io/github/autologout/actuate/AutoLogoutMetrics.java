package io.github.autologout.actuate;

import java.util.EnumMap;
import java.util.Map;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.LogoutReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationListener;

/**
 * Counts the sessions autologout ends, by reason: the counter {@value #LOGOUTS} with the tag
 * {@code reason} ({@code idle}, {@code absolute}, {@code forced}, {@code disabled},
 * {@code credentials_changed}, {@code ended_by_user}), counted from {@link AutoLogoutEvent}s.
 */
public final class AutoLogoutMetrics implements ApplicationListener<AutoLogoutEvent> {

	/** Name of the counter of ended sessions. */
	public static final String LOGOUTS = "autologout.logouts";

	private final Map<LogoutReason, Counter> counters = new EnumMap<>(LogoutReason.class);

	/**
	 * Registers one counter per reason, at zero until a session ends for it.
	 * @param registry where to register the counters
	 */
	public AutoLogoutMetrics(MeterRegistry registry) {
		for (LogoutReason reason : LogoutReason.values()) {
			this.counters.put(reason, Counter.builder(LOGOUTS)
				.description("Sessions ended by autologout")
				.baseUnit("sessions")
				.tag("reason", reason.code())
				.register(registry));
		}
	}

	@Override
	public void onApplicationEvent(AutoLogoutEvent event) {
		this.counters.get(event.getReason()).increment();
	}

}
