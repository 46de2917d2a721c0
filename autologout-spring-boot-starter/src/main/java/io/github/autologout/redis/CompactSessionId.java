package io.github.autologout.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A session id as {@link RedisSessionTracker} keeps it in a hash field: a UUID in its 16 bytes
 * rather than its 36 characters, any other id in UTF-8, followed by a {@code 0xFF} byte, which
 * UTF-8 never has, where it would otherwise be 16 bytes long or empty.
 */
final class CompactSessionId {

	private static final int UUID_BYTES = 16;

	private static final int UUID_CHARACTERS = 36;

	private static final byte MARK = (byte) 0xFF;

	private CompactSessionId() {
	}

	/**
	 * Encodes an id.
	 * @param id a session id
	 * @return its bytes, never empty
	 */
	static byte[] encode(String id) {
		UUID uuid = canonicalUuid(id);
		if (uuid != null) {
			return ByteBuffer.allocate(UUID_BYTES)
				.putLong(uuid.getMostSignificantBits())
				.putLong(uuid.getLeastSignificantBits())
				.array();
		}
		byte[] text = id.getBytes(StandardCharsets.UTF_8);
		return (text.length == UUID_BYTES || text.length == 0) ? marked(text) : text;
	}

	/**
	 * Decodes what {@link #encode} made.
	 * @param field a hash field's bytes
	 * @return the session id
	 */
	static String decode(byte[] field) {
		if (field.length == UUID_BYTES) {
			ByteBuffer bits = ByteBuffer.wrap(field);
			return new UUID(bits.getLong(), bits.getLong()).toString();
		}
		int length = (field.length > 0 && field[field.length - 1] == MARK) ? field.length - 1 : field.length;
		return new String(field, 0, length, StandardCharsets.UTF_8);
	}

	/** The UUID whose {@code toString()} is the id, if there is one. */
	private static @Nullable UUID canonicalUuid(String id) {
		if (id.length() != UUID_CHARACTERS) {
			return null;
		}
		try {
			UUID uuid = UUID.fromString(id);
			return uuid.toString().equals(id) ? uuid : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte[] marked(byte[] text) {
		byte[] marked = Arrays.copyOf(text, text.length + 1);
		marked[text.length] = MARK;
		return marked;
	}

}
