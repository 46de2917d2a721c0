package io.github.autologout.autoconfigure;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Configuration properties of autologout's JDBC store, used when the sessions are in a database.
 */
@ConfigurationProperties("autologout.jdbc")
public class AutoLogoutJdbcProperties implements InitializingBean {

	/**
	 * When to create autologout's tables (revocations, tracked sessions, last seen): for
	 * 'embedded' databases only, 'always' or 'never'.
	 */
	private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

	/**
	 * Location of the script that creates the table; '@@platform@@' stands for the database
	 * platform, such as 'postgresql'.
	 */
	private String schema = "classpath:io/github/autologout/jdbc/schema-@@platform@@.sql";

	public DatabaseInitializationMode getInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public String getSchema() {
		return this.schema;
	}

	public void setSchema(String schema) {
		this.schema = schema;
	}

	/**
	 * Checks the bound values, so that a wrong one fails start-up.
	 * @throws InvalidConfigurationPropertyValueException naming the property that is wrong
	 */
	@Override
	public void afterPropertiesSet() {
		if (this.initializeSchema == null) {
			throw new InvalidConfigurationPropertyValueException("autologout.jdbc.initialize-schema", null,
					"One of 'embedded', 'always' or 'never' is required.");
		}
		if (this.schema == null || this.schema.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("autologout.jdbc.schema", this.schema,
					"The location of the schema script is required.");
		}
	}

}
