package xyz.peaq.os.sdk.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with Nagle's algorithm off. OkHttp leaves it on, and writes a request larger than
 * its buffer in several writes: the last, small one then waits for the server to acknowledge the
 * others, which a server waiting for the rest of the body does only when its delayed-ACK timer
 * fires (40 ms on Linux). Measured on the devnet: a send of one 14 KB transaction took 48-58 ms
 * with it on, 5 ms with it off; a JSON-RPC client sends every request whole, so there is nothing
 * for Nagle to coalesce.
 */
final class NoDelaySocketFactory extends SocketFactory {
  static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

  private NoDelaySocketFactory() {}

  @Override
  public Socket createSocket() throws IOException {
    return noDelay(new Socket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(new Socket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelay(new Socket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(new Socket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelay(new Socket(address, port, localAddress, localPort));
  }

  private static Socket noDelay(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    return s;
  }
}
