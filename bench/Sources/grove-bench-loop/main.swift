import GroveLoop
print("placeholder \(EventLoop.libuvVersion)")
