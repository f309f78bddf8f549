// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ContextUpgradeable.sol";

/// The batch precompile emulation at 0x…0805 cannot run subcalls as the signing EOA the way the
/// real precompile does, so it appends the EOA's 20 bytes to each subcall's calldata (ERC-2771
/// style). Every devnet contract trusts exactly that one address as its forwarder.
library BatchForwarding {
    address internal constant BATCH_PRECOMPILE = 0x0000000000000000000000000000000000000805;

    function sender() internal view returns (address signer) {
        if (msg.sender == BATCH_PRECOMPILE && msg.data.length >= 24) {
            assembly {
                signer := shr(96, calldataload(sub(calldatasize(), 20)))
            }
            return signer;
        }
        return msg.sender;
    }

    function suffixLength() internal view returns (uint256) {
        return (msg.sender == BATCH_PRECOMPILE && msg.data.length >= 24) ? 20 : 0;
    }
}

/// OpenZeppelin's ERC2771Context logic with a constant forwarder, so UUPS implementations need no
/// immutable and the DID emulation (installed without a constructor) can share the rule.
abstract contract BatchForwardedUpgradeable is ContextUpgradeable {
    function _msgSender() internal view virtual override returns (address) {
        return BatchForwarding.sender();
    }

    function _msgData() internal view virtual override returns (bytes calldata) {
        uint256 suffix = BatchForwarding.suffixLength();
        return msg.data[:msg.data.length - suffix];
    }

    function _contextSuffixLength() internal view virtual override returns (uint256) {
        return BatchForwarding.suffixLength();
    }
}
