-- Stands for another service's migrations on the same classpath (the CLI runs the Gas Station and
-- the MCR API in one JVM). The MCR index must never pick it up: running it fails on purpose.
THIS IS NOT SQL AND MUST NEVER RUN;
