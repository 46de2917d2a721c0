package io.github.autologout.autoconfigure;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MissingJdbcTablesFailureAnalyzer}; a start against a real database without the
 * tables is in the integration tests' {@code JdbcTablesMissingTests}.
 */
class MissingJdbcTablesFailureAnalyzerTests {

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void aMissingAutologoutTableIsExplainedWithTheSettingAndTheScriptThatCreateIt() {
		BadSqlGrammarException missing = failure("SELECT KIND, NAME FROM AUTOLOGOUT_REVOCATION WHERE NOT_BEFORE >= ?",
				"ERROR: relation \"autologout_revocation\" does not exist\n  Position: 24");

		FailureAnalysis analysis = analyze(new BeanCreationException("autoLogoutRevocationRegistry", "failed", missing));

		assertThat(analysis.getDescription()).contains("AUTOLOGOUT_REVOCATION")
			.endsWith("relation \"autologout_revocation\" does not exist");
		assertThat(analysis.getAction()).contains("'autologout.jdbc.initialize-schema=always'")
			.contains("classpath:io/github/autologout/jdbc/schema-@@platform@@.sql");
		assertThat(analysis.getCause()).isSameAs(missing);
	}

	@Test
	void theScriptNamedIsTheOneTheSchemaPropertyGives() {
		this.environment.setProperty("autologout.jdbc.schema", "classpath:db/autologout.sql");

		FailureAnalysis analysis = analyze(failure("UPDATE autologout_user SET LEASED = TRUE WHERE PRINCIPAL_NAME = ?",
				"ERROR: column \"leased\" does not exist"));

		assertThat(analysis.getDescription()).contains("AUTOLOGOUT_USER").endsWith("column \"leased\" does not exist");
		assertThat(analysis.getAction()).contains("classpath:db/autologout.sql").doesNotContain("@@platform@@");
	}

	@Test
	void badSqlOfOtherTablesIsLeftToOtherAnalyzers() {
		assertThat(new MissingJdbcTablesFailureAnalyzer(this.environment)
			.analyze(failure("SELECT * FROM ORDERS", "ERROR: relation \"orders\" does not exist"))).isNull();
		assertThat(new MissingJdbcTablesFailureAnalyzer(this.environment)
			.analyze(new BadSqlGrammarException("query", null, new SQLException("bad")))).isNull();
	}

	private FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new MissingJdbcTablesFailureAnalyzer(this.environment).analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private static BadSqlGrammarException failure(String sql, String message) {
		return new BadSqlGrammarException("PreparedStatementCallback", sql, new SQLException(message, "42P01"));
	}

}
