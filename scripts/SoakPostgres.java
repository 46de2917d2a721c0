import io.github.autologout.test.EmbeddedPostgresServer;

/**
 * Starts the embedded PostgreSQL server of autologout-test-support on a free loopback port for
 * scripts/soak.sh, prints its JDBC URL and runs until it is killed; the server stops with the JVM.
 * Not part of the build; launched as a single source file with the test-support classpath.
 * <p>
 * Usage: {@code java -cp <autologout-test-support classpath> scripts/SoakPostgres.java}
 */
public class SoakPostgres {

	public static void main(String[] args) throws InterruptedException {
		EmbeddedPostgresServer server = EmbeddedPostgresServer.get();
		System.out.println("jdbc-url=jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres");
		System.out.flush();
		Thread.currentThread().join();
	}

}
