package io.github.autologout.session;

import io.github.autologout.core.LogoutReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Tests for the default methods of {@link ForceLogoutService}, as an implementation written
 * before {@link ForceLogoutService#logoutSession(String, LogoutReason)} sees them.
 */
class ForceLogoutServiceTests {

	private final ForceLogoutService olderImplementation = mock(ForceLogoutService.class, CALLS_REAL_METHODS);

	@Test
	void endingOneSessionAsForcedCallsTheMethodEveryImplementationHas() {
		given(this.olderImplementation.logoutSession("s1")).willReturn(true);

		assertThat(this.olderImplementation.logoutSession("s1", LogoutReason.FORCED)).isTrue();
	}

	@Test
	void endingOneSessionForAnotherReasonIsUnsupportedRatherThanToldAsForced() {
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.olderImplementation.logoutSession("s1", LogoutReason.ENDED_BY_USER));

		verify(this.olderImplementation, never()).logoutSession("s1");
	}

	@Test
	void endingOneSessionForATimeoutsReasonIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.olderImplementation.logoutSession("s1", LogoutReason.IDLE));
	}

}
