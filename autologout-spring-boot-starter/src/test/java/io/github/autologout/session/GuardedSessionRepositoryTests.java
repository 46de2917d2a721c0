package io.github.autologout.session;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository.RedisSession;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * Tests for {@link GuardedSessionRepository}, applied by its
 * {@link GuardedSessionRepositoryPostProcessor}.
 */
@ExtendWith(OutputCaptureExtension.class)
class GuardedSessionRepositoryTests {

	private static final String ID = "6f1c9a0e-8d3b-4c52-9a57-0b4f2e1d7c33";

	private final RedisIndexedSessionRepository repository = mock();

	// a proxy of the repository's own class, so that it can still be injected by that class
	private final RedisIndexedSessionRepository guarded = (RedisIndexedSessionRepository) new GuardedSessionRepositoryPostProcessor(
			List.of(RedisIndexedSessionRepository.class), (id) -> !id.startsWith("forged"),
			(username) -> !username.startsWith("odd"),
			UnreadableSessionFailure.onLoad(SerializationException.class::isInstance))
		.postProcessAfterInitialization(this.repository, "sessionRepository");

	@Test
	void idsThatAreNotAcceptedAreNeitherReadNorDeleted() {
		assertThat(this.guarded.findById("forged:" + ID)).isNull();
		this.guarded.deleteById("forged:" + ID);

		verifyNoMoreInteractions(this.repository);
	}

	@Test
	void indexValuesThatAreNotAcceptedFindNothing() {
		assertThat(this.guarded.findByPrincipalName("odd\0user")).isEmpty();
		assertThat(this.guarded.findByIndexNameAndIndexValue(
				FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "odd\0user"))
			.isEmpty();

		verifyNoMoreInteractions(this.repository);
	}

	@Test
	void acceptedIdsAndIndexValuesReachTheRepository() {
		RedisSession session = mock();
		given(this.repository.findById(ID)).willReturn(session);
		given(this.repository.findByPrincipalName("user")).willReturn(Map.of(ID, session));

		assertThat(this.guarded.findById(ID)).isSameAs(session);
		assertThat(this.guarded.findByPrincipalName("user")).containsOnlyKeys(ID);
		this.guarded.deleteById(ID);

		verify(this.repository).deleteById(ID);
	}

	@Test
	void aSessionThatTheStoreCannotLoadIsNotFoundByIdAndLeftInTheStore() {
		given(this.repository.findById(ID)).willThrow(new SerializationException("Cannot deserialize"));

		assertThat(this.guarded.findById(ID)).isNull();
		verify(this.repository, never()).deleteById(ID);
	}

	@Test
	void lookupsOfUnreadableSessionsAreWarnedOfOnceAtFirstAndNeverWithTheirIds(CapturedOutput output) {
		given(this.repository.findById(ID)).willThrow(new SerializationException("Cannot deserialize"));

		for (int i = 0; i < 3; i++) {
			assertThat(this.guarded.findById(ID)).isNull();
		}

		assertThat(output.getAll().lines().filter((line) -> line.contains("cannot read"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN", "Cannot deserialize", "(1 time(s) on this node so far")
				.doesNotContain(ID));
	}

	@Test
	void aSessionWhoseSecurityContextCannotBeReadIsNotFoundByIdWhereTheStoreReadsAttributesLazily() {
		RedisIndexedSessionRepository lazy = mock();
		RedisSession session = mock();
		given(session.getAttribute("SPRING_SECURITY_CONTEXT")).willThrow(new ConversionFailedException(
				TypeDescriptor.valueOf(byte[].class), TypeDescriptor.valueOf(Object.class), null, new IllegalStateException()));
		given(lazy.findById(ID)).willReturn(session);
		given(lazy.findByPrincipalName("user")).willReturn(Map.of(ID, session));
		RedisIndexedSessionRepository guardedLazy = guardedReadingAttributesLazily(lazy);

		assertThat(guardedLazy.findById(ID)).isNull();
		assertThat(guardedLazy.findByPrincipalName("user")).as("for the expiry pass, which ends it").containsOnlyKeys(ID);
		verify(lazy, never()).deleteById(ID);
	}

	@Test
	void otherFailuresOfReadingTheSecurityContextAreLeftToTheCaller() {
		RedisIndexedSessionRepository lazy = mock();
		RedisSession session = mock();
		given(session.getAttribute("SPRING_SECURITY_CONTEXT")).willThrow(new IllegalStateException("invalidated"));
		given(lazy.findById(ID)).willReturn(session);
		RedisIndexedSessionRepository guardedLazy = guardedReadingAttributesLazily(lazy);

		assertThatIllegalStateException().isThrownBy(() -> guardedLazy.findById(ID));
	}

	@Test
	void aSessionIsNotReadBeyondItsLoadWhereTheStoreReadsItWhole() {
		RedisSession session = mock();
		given(this.repository.findById(ID)).willReturn(session);

		assertThat(this.guarded.findById(ID)).isSameAs(session);
		verifyNoInteractions(session);
	}

	@Test
	void otherFailuresOfALookupAreLeftToTheCaller() {
		given(this.repository.findById(ID)).willThrow(new RedisConnectionFailureException("Redis is down"));

		assertThatExceptionOfType(RedisConnectionFailureException.class).isThrownBy(() -> this.guarded.findById(ID));
	}

	@Test
	void aStoreWithoutAFailureForUnreadableSessionsLeavesEveryFailureToTheCaller() {
		given(this.repository.findById(ID)).willThrow(new SerializationException("Cannot deserialize"));
		RedisIndexedSessionRepository guardedWithout = (RedisIndexedSessionRepository) new GuardedSessionRepositoryPostProcessor(
				List.of(RedisIndexedSessionRepository.class), (id) -> true, (username) -> true)
			.postProcessAfterInitialization(this.repository, "sessionRepository");

		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> guardedWithout.findById(ID));
	}

	@Test
	void aRepositoryThatIsAProxyAlreadyIsGuardedInThatProxy() {
		ProxyFactory existing = new ProxyFactory(this.repository);
		existing.setProxyTargetClass(true);
		Object proxy = existing.getProxy();

		Object guardedProxy = new GuardedSessionRepositoryPostProcessor(List.of(RedisIndexedSessionRepository.class),
				(id) -> false, (username) -> true)
			.postProcessAfterInitialization(proxy, "sessionRepository");

		assertThat(guardedProxy).isSameAs(proxy);
		assertThat(((RedisIndexedSessionRepository) guardedProxy).findById(ID)).isNull();
		verifyNoMoreInteractions(this.repository);
	}

	@Test
	void otherBeansAreLeftAlone() {
		Object other = new Object();

		assertThat(new GuardedSessionRepositoryPostProcessor(List.of(RedisIndexedSessionRepository.class),
				(id) -> false, (username) -> false)
			.postProcessAfterInitialization(other, "other")).isSameAs(other);
	}

	@Test
	void saveOfASessionDeletedWhileARequestOfItRanIsNotAFailure() {
		RedisSession session = mock();
		given(session.getId()).willReturn(ID);
		willThrow(new IllegalStateException("Session was invalidated")).given(this.repository).save(session);

		this.guarded.save(session);

		verify(this.repository).findById(ID);
	}

	@Test
	void saveOfADeletedSessionThatTheDatabaseRefusesForItsAttributesForeignKeyIsNotAFailure() {
		RedisSession session = mock();
		given(session.getId()).willReturn(ID);
		willThrow(new DataIntegrityViolationException("insert of an attribute",
				new SQLException("violates foreign key constraint", "23503")))
			.given(this.repository)
			.save(session);

		this.guarded.save(session);

		verify(this.repository).findById(ID);
	}

	@Test
	void saveThatFailsOfASessionTheStoreStillHoldsIsLeftToTheCaller() {
		RedisSession session = mock();
		given(session.getId()).willReturn(ID);
		given(this.repository.findById(ID)).willReturn(session);
		willThrow(new IllegalStateException("Session was invalidated")).given(this.repository).save(session);

		assertThatIllegalStateException().isThrownBy(() -> this.guarded.save(session));
	}

	@Test
	void saveThatFailsOtherwiseIsLeftToTheCallerWithoutALookup() {
		RedisSession session = mock();
		given(session.getId()).willReturn(ID);
		willThrow(new SerializationException("not serializable")).given(this.repository).save(session);
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.guarded.save(session));
		willThrow(new DataIntegrityViolationException("value too long",
				new SQLException("value too long for type character varying(200)", "22001")))
			.given(this.repository)
			.save(session);
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.guarded.save(session));

		verify(this.repository, never()).findById(ID);
	}

	@Test
	void saveThatFailsOnAConnectionThePoolClosedIsLeftToTheCallerAsItFailed() {
		RedisSession session = mock();
		given(session.getId()).willReturn(ID);
		// what a rollback on a connection lost while PostgreSQL shut down throws: no SQL state
		TransactionSystemException failedRollback = new TransactionSystemException("Could not roll back JDBC transaction",
				new SQLException("Connection is closed"));
		willThrow(failedRollback).given(this.repository).save(session);

		assertThatExceptionOfType(TransactionSystemException.class).isThrownBy(() -> this.guarded.save(session))
			.isSameAs(failedRollback);
		verify(this.repository, never()).findById(ID);
	}

	@Test
	void saveThatFailsWhileTheStoreCannotBeAskedIsLeftToTheCallerWithTheLookupsFailure() {
		RedisSession session = mock();
		given(session.getId()).willReturn(ID);
		willThrow(new IllegalStateException("Session was invalidated")).given(this.repository).save(session);
		given(this.repository.findById(ID)).willThrow(new RedisConnectionFailureException("down"));

		assertThatIllegalStateException().isThrownBy(() -> this.guarded.save(session))
			.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement()
				.isInstanceOf(RedisConnectionFailureException.class));
	}

	@Test
	void everyOtherCallReachesTheRepository() {
		this.guarded.cleanUpExpiredSessions();

		verify(this.repository).cleanUpExpiredSessions();
	}

	/** Guards the repository as one that reads each attribute when first asked, as JDBC's does. */
	private static RedisIndexedSessionRepository guardedReadingAttributesLazily(RedisIndexedSessionRepository lazy) {
		return (RedisIndexedSessionRepository) new GuardedSessionRepositoryPostProcessor(
				List.of(RedisIndexedSessionRepository.class), (id) -> true, (username) -> true,
				UnreadableSessionFailure.onFirstRead(ConversionException.class))
			.postProcessAfterInitialization(lazy, "sessionRepository");
	}

}
