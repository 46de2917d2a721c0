package io.github.autologout.autoconfigure;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.github.autologout.autoconfigure.AutoLogoutRedisAutoConfiguration.GuardedRedisSessionRepositoryPostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.UuidSessionIdGenerator;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository.RedisSession;
import org.springframework.session.data.redis.RedisSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for the post-processor of {@link AutoLogoutRedisAutoConfiguration} that makes Spring
 * Session's Redis repositories look up only ids that name sessions' keys, and find no session
 * that they cannot read.
 */
class AutoLogoutRedisAutoConfigurationTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	private final GuardedRedisSessionRepositoryPostProcessor postProcessor = new GuardedRedisSessionRepositoryPostProcessor();

	AutoLogoutRedisAutoConfigurationTests() {
		this.postProcessor.setBeanFactory(this.beanFactory);
	}

	@Test
	void bothRedisRepositoriesAreMadeKeySafe() {
		assertThat(postProcess(mock(RedisIndexedSessionRepository.class))).satisfies(
				(repository) -> assertThat(AopUtils.isCglibProxy(repository)).isTrue(),
				(repository) -> assertThat(repository).isInstanceOf(RedisIndexedSessionRepository.class));
		assertThat(postProcess(mock(RedisSessionRepository.class))).satisfies(
				(repository) -> assertThat(AopUtils.isCglibProxy(repository)).isTrue(),
				(repository) -> assertThat(repository).isInstanceOf(RedisSessionRepository.class));
	}

	@Test
	void redisRepositoryIsMadeKeySafeWithSpringSessionsOwnIds() {
		this.beanFactory.registerSingleton("sessionIdGenerator", UuidSessionIdGenerator.getInstance());

		assertThat(AopUtils.isCglibProxy(postProcess(mock(RedisIndexedSessionRepository.class)))).isTrue();
	}

	@Test
	void redisRepositoryOfAnApplicationThatMakesItsOwnIdsLooksUpAnyIdButFindsNoSessionItCannotRead() {
		SessionIdGenerator tenantIds = () -> "tenant-a:" + UUID.randomUUID();
		this.beanFactory.registerSingleton("sessionIdGenerator", tenantIds);
		RedisIndexedSessionRepository repository = mock();
		RedisSession session = mock();
		given(repository.findById("tenant-a:1")).willReturn(session);
		given(repository.findById("tenant-a:2")).willThrow(new SerializationException("Cannot deserialize"));

		RedisIndexedSessionRepository guarded = (RedisIndexedSessionRepository) postProcess(repository);

		assertThat(guarded.findById("tenant-a:1")).isSameAs(session);
		assertThat(guarded.findById("tenant-a:2")).isNull();
	}

	@Test
	void redisRepositoryWithSpringSessionsOwnIdsFindsNoSessionItCannotRead() {
		RedisSessionRepository repository = mock();
		given(repository.findById("6f1c9a0e-8d3b-4c52-9a57-0b4f2e1d7c33"))
			.willThrow(new SerializationException("Cannot deserialize"));

		assertThat(((RedisSessionRepository) postProcess(repository)).findById("6f1c9a0e-8d3b-4c52-9a57-0b4f2e1d7c33"))
			.isNull();
	}

	@Test
	void otherRepositoriesAreLeftAlone() {
		MapSessionRepository repository = new MapSessionRepository(new ConcurrentHashMap<>());

		assertThat(postProcess(repository)).isSameAs(repository);
	}

	private Object postProcess(Object bean) {
		return this.postProcessor.postProcessAfterInitialization(bean, "sessionRepository");
	}

}
