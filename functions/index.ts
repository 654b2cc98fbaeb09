// The app's entry ("main" in package.json): importing a module registers its functions with the host. Triggers
// first, then the orchestrators and the activities they call.
import './connectionsApi';
import './connectionView';
import './ticketTrigger';
import '../orchestrations/index';
import '../activities/index';
