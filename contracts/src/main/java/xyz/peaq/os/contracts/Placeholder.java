package xyz.peaq.os.contracts;
final class Placeholder {}
