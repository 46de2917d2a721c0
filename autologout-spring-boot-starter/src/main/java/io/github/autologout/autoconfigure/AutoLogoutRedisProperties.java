package io.github.autologout.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of autologout's Redis store, used when the sessions are in Redis.
 */
@ConfigurationProperties("autologout.redis")
public class AutoLogoutRedisProperties {

	/**
	 * Prefix of the keys and channels autologout uses in Redis.
	 */
	private String namespace = "autologout";

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

}
