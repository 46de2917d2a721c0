package io.github.autologout.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.TimeoutPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.StaticMessageSource;

/**
 * Tests for {@link AutoLogoutAutoConfiguration}: its beans, how they back off, and the checks
 * of the {@code autologout.*} properties at start-up.
 */
class AutoLogoutAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MessageSourceAutoConfiguration.class,
				AutoLogoutAutoConfiguration.class, AutoLogoutSecurityAutoConfiguration.class));

	@Test
	void propertiesMessagesAndRevocationRegistryAreDefinedByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AutoLogoutProperties.class)
				.hasSingleBean(AutoLogoutMessages.class)
				.hasSingleBean(RevocationRegistry.class);
			assertThat(context).getBean(RevocationRegistry.class).isInstanceOf(InMemoryRevocationRegistry.class);
			AutoLogoutProperties properties = context.getBean(AutoLogoutProperties.class);
			assertThat(properties.defaultPolicy())
				.isEqualTo(TimeoutPolicy.of(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(1)));
			assertThat(properties.getLoginUrl()).isEqualTo("/login");
		});
	}

	@Test
	void messagesBackOffWhenTheApplicationDefinesThem() {
		this.runner.withUserConfiguration(UserMessagesConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(AutoLogoutMessages.class);
			assertThat(context.getBean(AutoLogoutMessages.class))
				.isSameAs(context.getBean(UserMessagesConfiguration.class).messages);
		});
	}

	@Test
	void revocationRegistryBacksOffWhenTheApplicationDefinesOne() {
		this.runner.withUserConfiguration(UserRevocationRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RevocationRegistry.class);
			assertThat(context.getBean(RevocationRegistry.class))
				.isSameAs(context.getBean(UserRevocationRegistryConfiguration.class).registry);
		});
	}

	@Test
	void revocationRegistryUsesTheApplicationsClock() {
		Instant now = Instant.parse("2026-01-05T08:00:00Z");
		this.runner.withBean(Clock.class, () -> Clock.fixed(now, ZoneOffset.UTC)).run((context) -> {
			RevocationRegistry registry = context.getBean(RevocationRegistry.class);
			registry.revokeSession("abc", LogoutReason.FORCED);
			assertThat(registry.findSession("abc")).contains(LogoutReason.FORCED);
		});
	}

	@Test
	void revocationRegistryKeepsEntriesAsLongAsTheLongestAbsoluteTimeoutOfAnyPolicy() {
		this.runner
			.withPropertyValues("autologout.absolute-timeout=8h", "autologout.policies[0].authority=ROLE_KIOSK",
					"autologout.policies[0].absolute-timeout=24h", "autologout.policies[1].authority=ROLE_ADMIN",
					"autologout.policies[1].absolute-timeout=1h")
			.run((context) -> assertThat(context.getBean(AutoLogoutProperties.class).longestAbsoluteTimeout())
				.isEqualTo(Duration.ofHours(24)));
	}

	@Test
	void enabledFalseDefinesNothing() {
		this.runner.withPropertyValues("autologout.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AutoLogoutProperties.class)
				.doesNotHaveBean(AutoLogoutMessages.class)
				.doesNotHaveBean(RevocationRegistry.class));
	}

	@Test
	void messagesComeFromTheApplicationsMessageSourceFirst() {
		this.runner.withPropertyValues("spring.messages.basename=app-messages").run((context) -> {
			AutoLogoutMessages messages = context.getBean(AutoLogoutMessages.class);
			assertThat(messages.reason(LogoutReason.IDLE, Locale.ENGLISH))
				.isEqualTo("Your session timed out. (application text)");
			assertThat(messages.reason(LogoutReason.FORCED, Locale.ENGLISH))
				.isEqualTo("Your session was ended by an administrator.");
		});
	}

	@ParameterizedTest
	@EnumSource(LogoutReason.class)
	void everyReasonHasATextOfItsOwnInEveryShippedLanguage(LogoutReason reason) {
		this.runner.run((context) -> {
			AutoLogoutMessages messages = context.getBean(AutoLogoutMessages.class);
			String english = messages.reason(reason, Locale.ENGLISH);
			String chinese = messages.reason(reason, Locale.SIMPLIFIED_CHINESE);
			assertThat(english).isNotBlank().doesNotStartWith(AutoLogoutMessages.REASON_CODE_PREFIX);
			assertThat(chinese).isNotBlank().doesNotStartWith(AutoLogoutMessages.REASON_CODE_PREFIX).isNotEqualTo(english);
			assertThat(messages.reason(reason, Locale.CHINESE)).isEqualTo(chinese);
			assertThat(Arrays.stream(LogoutReason.values()).filter((other) -> other != reason))
				.allSatisfy((other) -> assertThat(messages.reason(other, Locale.ENGLISH)).isNotEqualTo(english));
		});
	}

	@Test
	void messagePropertyReplacesTheTimeoutTexts() {
		this.runner.withPropertyValues("autologout.message=Please sign in again.").run((context) -> {
			AutoLogoutMessages messages = context.getBean(AutoLogoutMessages.class);
			assertThat(messages.reason(LogoutReason.IDLE, Locale.ENGLISH)).isEqualTo("Please sign in again.");
			assertThat(messages.reason(LogoutReason.ABSOLUTE, Locale.SIMPLIFIED_CHINESE))
				.isEqualTo("Please sign in again.");
			assertThat(messages.reason(LogoutReason.FORCED, Locale.ENGLISH))
				.isEqualTo("Your session was ended by an administrator.");
		});
	}

	@Test
	void policiesAreBoundFromIndexedProperties() {
		this.runner
			.withPropertyValues("autologout.policies[0].authority=ROLE_ADMIN",
					"autologout.policies[0].idle-timeout=5m")
			.run((context) -> {
				AutoLogoutProperties properties = context.getBean(AutoLogoutProperties.class);
				assertThat(properties.getPolicies()).singleElement().satisfies((policy) -> {
					assertThat(policy.getAuthority()).isEqualTo("ROLE_ADMIN");
					assertThat(policy.getIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
					assertThat(policy.getAbsoluteTimeout()).isNull();
				});
				assertThat(properties.authorityPolicies()).isEqualTo(Map.of("ROLE_ADMIN",
						TimeoutPolicy.of(Duration.ofMinutes(5), Duration.ofHours(12), Duration.ofMinutes(1))));
			});
	}

	@Test
	void policyWithoutOwnWarningGetsAQuarterOfItsOwnIdleTimeout() {
		this.runner
			.withPropertyValues("autologout.policies[0].authority=ROLE_ADMIN",
					"autologout.policies[0].idle-timeout=2m")
			.run((context) -> assertThat(context.getBean(AutoLogoutProperties.class).authorityPolicies())
				.containsEntry("ROLE_ADMIN",
						TimeoutPolicy.of(Duration.ofMinutes(2), Duration.ofHours(12), Duration.ofSeconds(30))));
	}

	@Test
	void durationsWithoutAUnitAreSecondsAsInDjangoAndServletSessionTimeouts() {
		this.runner
			.withPropertyValues("autologout.idle-timeout=600", "autologout.absolute-timeout=3600",
					"autologout.warn-before=30", "autologout.expiry-check-interval=2",
					"autologout.account-check-interval=120", "autologout.revocation-retention=1209600",
					"autologout.policies[0].authority=ROLE_ADMIN", "autologout.policies[0].idle-timeout=300",
					"autologout.policies[0].absolute-timeout=1800", "autologout.policies[0].warn-before=20")
			.run((context) -> {
				AutoLogoutProperties properties = context.getBean(AutoLogoutProperties.class);
				assertThat(properties.defaultPolicy()).isEqualTo(
						TimeoutPolicy.of(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofSeconds(30)));
				assertThat(properties.authorityPolicies()).containsEntry("ROLE_ADMIN",
						TimeoutPolicy.of(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofSeconds(20)));
				assertThat(properties.getExpiryCheckInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getAccountCheckInterval()).isEqualTo(Duration.ofMinutes(2));
				assertThat(properties.revocationRetention()).isEqualTo(Duration.ofDays(14));
			});
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', textBlock = """
			autologout.idle-timeout=0                                         | autologout.idle-timeout                | must be positive
			autologout.idle-timeout=-5m                                       | autologout.idle-timeout                | must be positive
			autologout.absolute-timeout=0s                                    | autologout.absolute-timeout            | must be positive
			autologout.absolute-timeout=-1h                                   | autologout.absolute-timeout            | must be positive
			autologout.absolute-timeout=1000000000000d                        | autologout.absolute-timeout            | at most 36500 days
			autologout.idle-timeout=36501d;autologout.absolute-timeout=36501d | autologout.idle-timeout                | at most 36500 days
			autologout.expiry-check-interval=36501d                           | autologout.expiry-check-interval       | at most 36500 days
			autologout.account-check-interval=36501d                          | autologout.account-check-interval      | at most 36500 days
			autologout.revocation-retention=36501d                            | autologout.revocation-retention        | at most 36500 days
			autologout.policies[0].authority=ROLE_ADMIN;autologout.policies[0].absolute-timeout=36501d | autologout.policies[0].absolute-timeout | at most 36500 days
			autologout.warn-before=30m                                        | autologout.warn-before                 | shorter than the idle timeout
			autologout.idle-timeout=5m;autologout.warn-before=10m             | autologout.warn-before                 | shorter than the idle timeout
			autologout.warn-before=-1s                                        | autologout.warn-before                 | must not be negative
			autologout.login-url=https://evil.example/                        | autologout.login-url                   | starts with a single
			autologout.login-url=//evil                                       | autologout.login-url                   | starts with a single
			autologout.login-url=/\\evil                                      | autologout.login-url                   | starts with a single
			autologout.login-url=login                                        | autologout.login-url                   | starts with a single
			autologout.status-path=status                                     | autologout.status-path                 | starts with a single
			autologout.keep-alive-path=//evil/keep-alive                      | autologout.keep-alive-path             | starts with a single
			autologout.login-url=/log in                                      | autologout.login-url                   | starts with a single
			autologout.status-path=/auto logout/status                        | autologout.status-path                 | starts with a single
			autologout.expiry-check-interval=0                                | autologout.expiry-check-interval       | must be positive
			autologout.client-check-interval=4s                               | autologout.client-check-interval       | at least 5 seconds
			autologout.client-check-interval=-1s                              | autologout.client-check-interval       | at least 5 seconds
			autologout.client-check-interval=36501d                           | autologout.client-check-interval       | at most 36500 days
			autologout.expiry-check-interval=-1s                              | autologout.expiry-check-interval       | must be positive
			autologout.expiry-check-interval=999ms                            | autologout.expiry-check-interval       | at least one second
			autologout.account-check-interval=1ms                             | autologout.account-check-interval      | at least one second
			autologout.status-path=/autologout/keep-alive                     | autologout.keep-alive-path             | Must differ from autologout.status-path
			autologout.status-path=/login                                     | autologout.status-path                 | Must differ from autologout.login-url
			autologout.keep-alive-path=/login                                 | autologout.keep-alive-path             | Must differ from autologout.login-url
			autologout.login-url=/x;autologout.status-path=/x;autologout.keep-alive-path=/x | autologout.status-path | Must differ from autologout.login-url
			autologout.passive-paths[0]=/ok;autologout.passive-paths[1]=/api/{id | autologout.passive-paths[1]         | Not a valid path pattern
			autologout.passive-paths[0]=api/notifications                     | autologout.passive-paths[0]            | must start with '/'
			autologout.passive-paths[0]=/a/**/b                               | autologout.passive-paths[0]            | the command line over application.yml
			autologout.status-path=/log*                                      | autologout.status-path                 | Must be a plain path
			autologout.keep-alive-path=/**                                    | autologout.keep-alive-path             | Must be a plain path
			autologout.status-path=/autologout/{x}                            | autologout.status-path                 | Must be a plain path
			autologout.keep-alive-path=/keep-alive?                           | autologout.keep-alive-path             | Must be a plain path
			autologout.status-path=/                                          | autologout.status-path                 | not the site's root
			autologout.keep-alive-path=/                                      | autologout.keep-alive-path             | not the site's root
			autologout.policies[0].idle-timeout=5m                            | autologout.policies[0].authority       | An authority such as ROLE_ADMIN is required
			autologout.policies[0].authority=ROLE_ADMIN;autologout.policies[1].authority=ROLE_ADMIN | autologout.policies[1].authority | only one policy
			autologout.policies[0].authority=ROLE_ADMIN;autologout.policies[0].idle-timeout=2m;autologout.policies[0].warn-before=2m | autologout.policies[0].warn-before | shorter than the idle timeout
			autologout.policies[0].authority=ROLE_ADMIN;autologout.policies[0].idle-timeout=0 | autologout.policies[0].idle-timeout | must be positive
			autologout.policies[0].authority=ROLE_ADMIN;autologout.policies[0].absolute-timeout=-1m | autologout.policies[0].absolute-timeout | must be positive
			autologout.idle-timeout=500ms                                     | autologout.idle-timeout                | at least one second
			autologout.policies[0].authority=ROLE_ADMIN;autologout.policies[0].absolute-timeout=999ms | autologout.policies[0].absolute-timeout | at least one second
			autologout.warn-before=20s;autologout.policies[0].authority=ROLE_ADMIN;autologout.policies[0].idle-timeout=10s | autologout.warn-before | idle timeout (PT10S) of autologout.policies[0], which takes this warning
			""")
	void invalidPropertyFailsStartupNamingThePropertyAndTheReason(String properties, String property, String reason) {
		this.runner.withPropertyValues(properties.split(";"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo(property))
				.hasMessageContaining(property)
				.hasMessageContaining(reason));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "autologout.login-url=/login\tpage", "autologout.login-url=/login\r\nSet-Cookie: a=b",
			"autologout.login-url=/lo\u0000gin", "autologout.login-url=/login\u2028page" })
	void loginUrlWithWhitespaceOrControlCharactersFailsStartupNamingIt(String property) {
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("autologout.login-url"))
				.hasMessageContaining("starts with a single '/'"));
	}

	@ParameterizedTest(name = "[{index}] {0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			autologout.idle-timeout                  | abc
			autologout.absolute-timeout              | 12 hours
			autologout.warn-before                   | one minute
			autologout.expiry-check-interval         | soon
			autologout.account-check-interval        | 1x
			autologout.revocation-retention          | forever
			autologout.policies[0].idle-timeout      | 5 min
			autologout.redirect-to-login-immediately | maybe
			autologout.client-activity               | 2
			autologout.client-check-interval         | often
			autologout.record-client-details         | yes please
			""")
	void unparsableDurationOrBooleanFailsStartupNamingTheProperty(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value, "autologout.policies[0].authority=ROLE_ADMIN")
			.run((context) -> {
				assertThat(context).hasFailed();
				BindException bind = causeOfType(context.getStartupFailure(), BindException.class);
				assertThat(bind.getName()).hasToString(property);
				assertThat(bind.getProperty()).isNotNull();
				assertThat(bind.getProperty().getName()).hasToString(property);
				assertThat(bind.getProperty().getValue()).isEqualTo(value);
			});
	}

	@ParameterizedTest(name = "[{index}] autologout.enabled={0}")
	@ValueSource(strings = { "maybe", "yes", "1", "ture", "" })
	void enabledThatIsNeitherTrueNorFalseFailsStartupInsteadOfTurningAutologoutOff(String value) {
		this.runner.withPropertyValues("autologout.enabled=" + value)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("autologout.enabled");
					assertThat(ex.getValue()).isEqualTo(value);
				})
				.hasMessageContaining("Must be true or false"));
	}

	@ParameterizedTest(name = "[{index}] autologout.enabled={0}")
	@CsvSource({ "true, 1", "TRUE, 1", "False, 0" })
	void enabledIsReadIgnoringCase(String value, int propertiesBeans) {
		this.runner.withPropertyValues("autologout.enabled=" + value)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBeans(AutoLogoutProperties.class)
				.hasSize(propertiesBeans));
	}

	private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getName() + " in " + failure, failure);
	}

	@Test
	void invalidLoginUrlFailsStartupWhenTheApplicationDefinesItsOwnMessages() {
		this.runner.withUserConfiguration(UserMessagesConfiguration.class)
			.withPropertyValues("autologout.login-url=https://evil.example/")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("autologout.login-url"));
	}

	@Test
	void revokedUserIsRefusedByTheDefaultRegistry() {
		Instant now = Instant.parse("2026-01-05T08:00:00Z");
		this.runner.withBean(Clock.class, () -> Clock.fixed(now, ZoneOffset.UTC)).run((context) -> {
			RevocationRegistry registry = context.getBean(RevocationRegistry.class);
			registry.revokeUser("user", new Revocation(now, LogoutReason.FORCED));
			assertThat(registry.find("user", now.minusSeconds(1))).isPresent();
			assertThat(registry.find("user", now)).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMessagesConfiguration {

		final AutoLogoutMessages messages = new AutoLogoutMessages(new StaticMessageSource(), null);

		@Bean
		AutoLogoutMessages userMessages() {
			return this.messages;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRevocationRegistryConfiguration {

		final RevocationRegistry registry = new InMemoryRevocationRegistry(Clock.systemUTC(), Duration.ofDays(1));

		@Bean
		RevocationRegistry userRevocationRegistry() {
			return this.registry;
		}

	}

}
