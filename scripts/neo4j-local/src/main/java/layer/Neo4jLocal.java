package layer;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Neo4j Community embedded, reachable over Bolt on 127.0.0.1 only, auth disabled (loopback dev/test use).
 * Usage: Neo4jLocal DATA_DIR PORT [--exit-on-stdin-close]. Prints "NEO4J_READY bolt://127.0.0.1:PORT".
 */
public final class Neo4jLocal {
  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    boolean exitOnStdinClose = args.length > 2 && args[2].equals("--exit-on-stdin-close");

    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dataDir)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(HttpConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.auth_enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(Long.getLong("layer.pagecacheMb", 512)))
        .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(5))
        .build();
    dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");

    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
    System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
    System.out.flush();

    if (exitOnStdinClose) {
      InputStream in = System.in;
      while (in.read() != -1) {
        // wait for the parent to go away
      }
      System.exit(0);
    }
    Thread.currentThread().join();
  }
}
