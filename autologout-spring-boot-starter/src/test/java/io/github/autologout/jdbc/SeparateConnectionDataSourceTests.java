package io.github.autologout.jdbc;

import java.sql.Connection;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link SeparateConnectionDataSource}.
 */
class SeparateConnectionDataSourceTests {

	private final DataSource target = mock(DataSource.class);

	@Test
	void instancesOverOneTargetAreOneResourceKeySoTheyShareTheConnectionOfACallersTransaction() {
		SeparateConnectionDataSource registrys = new SeparateConnectionDataSource(this.target);
		SeparateConnectionDataSource trackers = new SeparateConnectionDataSource(this.target);

		assertThat(registrys).isEqualTo(trackers).hasSameHashCodeAs(trackers).isNotEqualTo(this.target);
		assertThat(registrys).isNotEqualTo(new SeparateConnectionDataSource(mock(DataSource.class)));
	}

	@Test
	void connectionOfAPoolWithoutAutoCommitIsSwitchedToAutoCommit() throws Exception {
		Connection connection = mock(Connection.class);
		given(this.target.getConnection()).willReturn(connection);
		given(connection.getAutoCommit()).willReturn(false);

		assertThat(new SeparateConnectionDataSource(this.target).getConnection()).isSameAs(connection);

		verify(connection).setAutoCommit(true);
	}

	@Test
	void connectionInAutoCommitModeIsLeftAsItIs() throws Exception {
		Connection connection = mock(Connection.class);
		given(this.target.getConnection("user", "secret")).willReturn(connection);
		given(connection.getAutoCommit()).willReturn(true);

		assertThat(new SeparateConnectionDataSource(this.target).getConnection("user", "secret")).isSameAs(connection);

		verify(connection, never()).setAutoCommit(true);
	}

}
