# The course's client: connect, send one message, print the reply.
# usage: course_client.py PORT MESSAGE
import socket
import sys

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(15)
client.connect(("127.0.0.1", int(sys.argv[1])))
client.sendall(sys.argv[2].encode())
print(client.recv(1024).decode(), flush=True)
client.close()
