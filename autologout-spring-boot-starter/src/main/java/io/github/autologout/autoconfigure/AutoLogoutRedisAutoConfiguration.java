package io.github.autologout.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.redis.RedisIndexedSessionTracker;
import io.github.autologout.redis.RedisPrincipalSessionIds;
import io.github.autologout.redis.RedisRevocationRegistry;
import io.github.autologout.redis.RedisSessionKeys;
import io.github.autologout.redis.RedisSessionTracker;
import io.github.autologout.session.GuardedSessionRepositoryPostProcessor;
import io.github.autologout.session.PrincipalSessionIds;
import io.github.autologout.session.UnreadableSessionFailure;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.UuidSessionIdGenerator;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that
 * shares autologout's revocations and tracked sessions through Redis when Spring Session keeps
 * the sessions there.
 */
@AutoConfiguration(before = AutoLogoutAutoConfiguration.class,
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration" })
@ConditionalOnClass({ RedisConnectionFactory.class, RedisSessionRepository.class })
@ConditionalOnBooleanProperty(name = "autologout.enabled", matchIfMissing = true)
@ConditionalOnBean(RedisConnectionFactory.class)
@Conditional(AutoLogoutRedisAutoConfiguration.OnRedisSessionRepositoryCondition.class)
@EnableConfigurationProperties({ AutoLogoutProperties.class, AutoLogoutRedisProperties.class })
public final class AutoLogoutRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(RevocationRegistry.class)
	RedisRevocationRegistry autoLogoutRevocationRegistry(RedisConnectionFactory connectionFactory,
			AutoLogoutProperties properties, AutoLogoutRedisProperties redisProperties, ObjectProvider<Clock> clock) {
		return new RedisRevocationRegistry(connectionFactory, redisProperties.getNamespace(),
				clock.getIfUnique(Clock::systemUTC), properties.revocationRetention());
	}

	/**
	 * The tracker of the default repository, which keeps the sessions of each user itself.
	 */
	@Bean
	@ConditionalOnMissingBean({ SessionTracker.class, RedisIndexedSessionRepository.class })
	RedisSessionTracker autoLogoutSessionTracker(RedisConnectionFactory connectionFactory,
			AutoLogoutRedisProperties redisProperties) {
		return new RedisSessionTracker(connectionFactory, redisProperties.getNamespace());
	}

	/**
	 * The tracker of the indexed repository, which keeps one check instant per user and reads
	 * the user's sessions from the repository's principal index.
	 */
	@Bean
	@ConditionalOnBean(RedisIndexedSessionRepository.class)
	@ConditionalOnMissingBean(SessionTracker.class)
	RedisIndexedSessionTracker autoLogoutIndexedSessionTracker(RedisConnectionFactory connectionFactory,
			AutoLogoutRedisProperties redisProperties, PrincipalSessionIds principalSessionIds) {
		return new RedisIndexedSessionTracker(connectionFactory, redisProperties.getNamespace(), principalSessionIds);
	}

	/**
	 * The indexed repository's principal index read as ids, so that a force logout reads the
	 * user's sessions concurrently.
	 */
	@Bean
	@ConditionalOnBean(RedisIndexedSessionRepository.class)
	@ConditionalOnMissingBean(PrincipalSessionIds.class)
	RedisPrincipalSessionIds autoLogoutPrincipalSessionIds(RedisIndexedSessionRepository repository) {
		return new RedisPrincipalSessionIds(repository);
	}

	/**
	 * Keeps forged session ids from naming Redis keys other than sessions', and sessions that the
	 * application cannot read from failing their requests.
	 * @return the post-processor of Spring Session's Redis repository
	 */
	@Bean
	static BeanPostProcessor autoLogoutGuardedRedisSessionRepositoryPostProcessor() {
		return new GuardedRedisSessionRepositoryPostProcessor();
	}

	/**
	 * Makes Spring Session's Redis repository look up only ids that name sessions' keys, whatever
	 * the request's id came from (a cookie, a header), unless the application makes its own
	 * session ids, which may hold anything; and find no session that it cannot deserialize.
	 */
	static final class GuardedRedisSessionRepositoryPostProcessor extends GuardedSessionRepositoryPostProcessor
			implements BeanFactoryAware {

		private final AtomicBoolean anyIds;

		private @Nullable BeanFactory beanFactory;

		GuardedRedisSessionRepositoryPostProcessor() {
			this(new AtomicBoolean());
		}

		private GuardedRedisSessionRepositoryPostProcessor(AtomicBoolean anyIds) {
			// a user's principal index is a set in every case, so any user name is looked up as it is
			super(List.of(RedisIndexedSessionRepository.class, RedisSessionRepository.class),
					(id) -> anyIds.get() || RedisSessionKeys.namesOnlyASession(id), (username) -> true,
					UnreadableSessionFailure.onLoad(RedisSessionKeys::isUnreadableSession));
			this.anyIds = anyIds;
		}

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		protected boolean isEligible(Class<?> targetClass) {
			boolean eligible = super.isEligible(targetClass);
			if (eligible) {
				// the application's ids are looked for only where a repository is at stake, not for every bean
				this.anyIds.set(makesItsOwnSessionIds());
			}
			return eligible;
		}

		private boolean makesItsOwnSessionIds() {
			SessionIdGenerator generator = (this.beanFactory != null)
					? this.beanFactory.getBeanProvider(SessionIdGenerator.class).getIfAvailable() : null;
			return generator != null && !(generator instanceof UuidSessionIdGenerator);
		}

	}

	/**
	 * Matches when the session repository is one of Spring Session's Redis repositories.
	 */
	static final class OnRedisSessionRepositoryCondition extends AnyNestedCondition {

		OnRedisSessionRepositoryCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(RedisIndexedSessionRepository.class)
		static final class Indexed {

		}

		@ConditionalOnBean(RedisSessionRepository.class)
		static final class NotIndexed {

		}

	}

}
