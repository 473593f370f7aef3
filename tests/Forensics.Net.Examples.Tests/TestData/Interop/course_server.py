# The course's server: bind, listen, accept one client, loop on recv(1024), answer "Got that thanks!".
# Port 0 picks a free port; the chosen port is printed first so the test can connect.
import socket

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("127.0.0.1", 0))
server.listen(1)
print(server.getsockname()[1], flush=True)
server.settimeout(15)
conn, addr = server.accept()
conn.settimeout(15)
while True:
    data = conn.recv(1024)
    if not data:
        break
    print("Received:", data.decode(), flush=True)
    conn.sendall(b"Got that thanks!")
conn.close()
server.close()
