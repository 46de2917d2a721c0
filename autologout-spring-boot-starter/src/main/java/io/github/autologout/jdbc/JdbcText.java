package io.github.autologout.jdbc;

/**
 * The text that every database autologout's schemas support can hold: PostgreSQL refuses a NUL
 * character in any query, and a name longer than its column is never stored.
 */
public final class JdbcText {

	/** The length of the name columns of autologout's tables. */
	static final int MAX_NAME_LENGTH = 1024;

	private JdbcText() {
	}

	/**
	 * Whether the text can be sent in a query.
	 * @param text a session id or user name
	 * @return {@code false} if it holds a NUL character
	 */
	public static boolean isQueryable(String text) {
		return text.indexOf('\0') < 0;
	}

	/**
	 * Whether the text can be kept in a name column of autologout's tables.
	 * @param name a session id or user name
	 * @return {@code false} if it holds a NUL character or is longer than the column
	 */
	static boolean isStorableName(String name) {
		return name.length() <= MAX_NAME_LENGTH && isQueryable(name);
	}

}
