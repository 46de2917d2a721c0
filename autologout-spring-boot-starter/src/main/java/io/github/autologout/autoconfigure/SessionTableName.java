package io.github.autologout.autoconfigure;

import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Spring Session JDBC's table name, which goes into autologout's SQL as it is.
 */
final class SessionTableName {

	private static final Pattern SQL_IDENTIFIER = Pattern
		.compile("[A-Za-z_][A-Za-z0-9_$]{0,127}(\\.[A-Za-z_][A-Za-z0-9_$]{0,127})?");

	private SessionTableName() {
	}

	/**
	 * The table name if it is a plain or schema-qualified SQL identifier, never anything that
	 * could change a statement.
	 * @param tableName the value of {@code spring.session.jdbc.table-name}
	 * @return the table name
	 * @throws InvalidConfigurationPropertyValueException if it is not such an identifier
	 */
	static String checked(String tableName) {
		if (tableName == null || !SQL_IDENTIFIER.matcher(tableName.trim()).matches()) {
			throw new InvalidConfigurationPropertyValueException("spring.session.jdbc.table-name", tableName,
					"Must be an SQL identifier such as SPRING_SESSION, optionally qualified by a schema.");
		}
		return tableName;
	}

}
